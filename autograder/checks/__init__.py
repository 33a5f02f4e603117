"""The hidden checks: one pytest module per exercise, autograder/checks/<assignment>/test_<name>.py."""
