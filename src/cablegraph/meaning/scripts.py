"""The letters of the scripts the meaning layer tells apart, as regular-expression ranges
(one definition for the passages' script in hybrid ranking and the vocabulary's words)."""

CYRILLIC = "\u0400-\u04ff"
CJK = "\u3040-\u9fff\uac00-\ud7af"  # kana, CJK ideographs, Hangul syllables
