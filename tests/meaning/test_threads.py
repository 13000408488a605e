"""Idle OpenMP threads wait passively in every runtime a search by meaning loads: the
vector index's usearch brings numkong, whose own OpenMP runtime loads before the encoder
sets ``OMP_WAIT_POLICY``; spinning, its threads cost e5's query 207 ms of CPU against 19
on a busy machine (benchmarks/hybrid_scale.py, docs/meaning.md)."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import os, sys
from cablegraph.meaning.vectors import VectorIndex
VectorIndex(None, encoder="probe", dimensions=4)
print(os.environ.get("OMP_WAIT_POLICY"), "usearch.index" in sys.modules)
"""


def _probe(**env: str) -> list[str]:
    base = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    done = subprocess.run([sys.executable, "-c", PROBE], env={**base, **env}, capture_output=True,
                          text=True, check=True, timeout=120)
    return done.stdout.split()


def test_the_vector_index_loads_usearch_with_openmp_waiting_passively() -> None:
    assert _probe() == ["PASSIVE", "True"]


def test_a_wait_policy_the_user_set_is_kept() -> None:
    assert _probe(OMP_WAIT_POLICY="ACTIVE") == ["ACTIVE", "True"]
