"""The data contract every stage shares.

Where tables live (paths), what their columns are (schema), how they are read and written
(storage), and the reader-facing wording of every code they store (vocabulary).
"""
