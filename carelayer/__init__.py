"""carelayer's ground floor: core types, the error tree, settings and storage.

Imported by every other package; imports none of them.
"""

__version__ = "0.1.0"
