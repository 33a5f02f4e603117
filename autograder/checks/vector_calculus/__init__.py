"""Hidden checks of the vector_calculus assignment."""
