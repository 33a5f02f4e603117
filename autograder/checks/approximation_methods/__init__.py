"""Hidden checks of the approximation_methods assignment."""
