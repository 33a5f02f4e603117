"""One module per ``autograder`` subcommand."""
