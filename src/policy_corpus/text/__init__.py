"""Text work shared by the stages.

Normalising, web-page furniture, document headers, sentences, and reading numerals and
quantities (the regular expressions of the genre live here, beside the code that uses them).
"""
