"""Operators' and developers' tools that are not part of the product (``make cluster``)."""
