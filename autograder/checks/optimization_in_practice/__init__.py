"""Hidden checks of the optimization_in_practice assignment."""
