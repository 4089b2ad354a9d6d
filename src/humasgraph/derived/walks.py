"""Breadth-first walks over a projection's ``Reads``: the layers around a node, the shortest chain between two.

They ask for the neighbours of a whole layer at once, so that over the index file a walk is one
indexed query per layer (``network_reads.FileNetwork``), and they break ties by IRI, so the heap
and the file give the same answer.
"""

from __future__ import annotations

from .graphs import Reads

__all__ = ["layers", "shortest"]


def layers(net: Reads, source: str, depth: int) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Each node within ``depth`` steps of ``source``: its distance, and its neighbours one step nearer."""
    distance: dict[str, int] = {source: 0}
    parents: dict[str, list[str]] = {source: []}
    frontier = [source]
    for d in range(1, depth + 1):
        if not frontier:
            break
        found = net.neighbours(frontier)
        reached: list[str] = []
        for u in frontier:
            for v in sorted(found[u]):
                if v not in distance:
                    distance[v], parents[v] = d, [u]
                    reached.append(v)
                elif distance[v] == d:
                    parents[v].append(u)
        frontier = reached
    return distance, parents


def shortest(net: Reads, a: str, b: str) -> list[str] | None:
    """A shortest chain of nodes from ``a`` to ``b`` (both in the graph); None when they are not connected.

    Both ends are walked a whole layer at a time, the smaller frontier first; where the layers
    meet, the meeting node and each step back are the first by IRI.
    """
    if a == b:
        return [a]
    sides = [({a: 0}, {a: [a]}, [a]), ({b: 0}, {b: [b]}, [b])]  # (distance, parents, frontier) from a, from b
    while sides[0][2] and sides[1][2]:
        this = 0 if len(sides[0][2]) <= len(sides[1][2]) else 1
        distance, parents, frontier = sides[this]
        other = sides[1 - this][0]
        found = net.neighbours(frontier)
        reached: list[str] = []
        for u in frontier:
            for v in found[u]:
                if v not in distance:
                    distance[v], parents[v] = distance[u] + 1, [u]
                    reached.append(v)
                elif distance[v] == distance[u] + 1:
                    parents[v].append(u)
        sides[this] = (distance, parents, reached)
        meeting = [v for v in reached if v in other]
        if meeting:
            length = min(distance[v] + other[v] for v in meeting)
            middle = min(v for v in meeting if distance[v] + other[v] == length)
            return _back(sides[0][1], middle)[::-1][:-1] + _back(sides[1][1], middle)
    return None


def _back(parents: dict[str, list[str]], node: str) -> list[str]:
    """``node`` and each first parent back to the walk's start."""
    out = [node]
    while parents[node] != [node]:
        node = min(parents[node])
        out.append(node)
    return out
