"""Pure-Python rules of the early help service: no Django import (tests/test_purity.py enforces it)."""
