"""Links between documents and messages, threads, the timeline and the network.

find_links(records) -> list[Link]        reply_to, relays, references, near-duplicates
threads(records, links) -> list[Thread]  connected chains, ordered in time
timeline(records) -> list[Event]         every dated event of every message
transit_times(records) -> dict           sent -> received delays per channel
network(records) -> networkx.MultiDiGraph
"""

from cablegraph.link.linker import LinkIndex, find_links
from cablegraph.link.network import network, network_metrics, write_network
from cablegraph.link.records import Record
from cablegraph.link.threads import Thread, threads
from cablegraph.link.timeline import Event, timeline, transit_times
from cablegraph.model.link import Link

__all__ = [
    "Event",
    "Link",
    "LinkIndex",
    "Record",
    "Thread",
    "find_links",
    "network",
    "network_metrics",
    "threads",
    "timeline",
    "transit_times",
    "write_network",
]
