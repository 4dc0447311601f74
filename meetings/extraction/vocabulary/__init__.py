"""The extractor's vocabulary as data: phrases and what they signal, compiled once by the stages that use them.

Each module is a table, grown from how the field writes (wire copy, state media, government read-outs;
see ``docs/extraction.md``), never from one article's sentence. Code that applies a table stays in the stage.
"""
