"""Hidden checks of the numerical_stability assignment."""
