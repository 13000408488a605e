"""A FRUS document's id, one definition for every layer that reads it.

"frus1951v07/d123": the volume ("frus1951v07") and the document's number in it. A volume's id
opens with its (first) year and may name a span of years: "frus1945-50Intel", "frus1969-76v14".
"""

from __future__ import annotations

import re

# "frus1951v07/d123": a FRUS document's id, its volume a group
FRUS_RECORD = re.compile(r"^(?P<volume>frus\d{4}[\w-]*?)/d\d+$")
# the years of a FRUS volume's id: "frus1945-50Intel" -> 1945 and "50", "frus1918Supp02" -> 1918
FRUS_VOLUME_YEARS = re.compile(r"^frus(?P<first>1[89]\d\d)(?:-(?P<last>\d{2,4}))?")
