"""Vietnamese text front end for speech: normalization, sentence splitting, chunking.

Pure functions, no I/O.
"""
from vntext.chunking import chunk
from vntext.normalization import normalize
from vntext.script import Sentence, build_script
from vntext.split import split_sentences

__all__ = ["Sentence", "build_script", "chunk", "normalize", "split_sentences"]
