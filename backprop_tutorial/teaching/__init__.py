"""What the notebooks teach with: exercise checkers, the notation table and glossary,
and the labels (``W[l][j,k]``, ``delta[l]``, ...) that prose, pictures and code share."""
