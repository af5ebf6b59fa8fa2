"""Batch ingest: which files a run takes and skips, the store's catalogue of documents,
per-document limits (a worker process), and one transaction per document.

- :mod:`.files` the files of a batch and the ones skipped, with why;
- :mod:`.catalogue` what the store holds: one entry per document (path, ingested at, status);
- :mod:`.staging` a document prepared without touching the store, then written in one transaction;
- :mod:`.worker` a document run in a child process under time and memory limits;
- :mod:`.text` and :mod:`.progress` what people read on the terminal.
"""
