-- The full-text index merges its segments once 16 of a size have gathered instead of 4:
-- ingest spent a fifth of its time on the index, much of it merging segments again and
-- again as batches arrived. Searches over 20,000 reports took no longer (about 20 ms
-- from the command line either way).
INSERT INTO documents_fts(documents_fts, rank) VALUES ('automerge', 16);
