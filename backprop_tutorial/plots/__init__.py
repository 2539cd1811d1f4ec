"""Matplotlib drawings used by the apps (numpy + matplotlib; no widgets).

Each view draws once into a figure it is given and then only updates its
artists in place (texts, colours, data), so a slider move stays cheap.
"""
