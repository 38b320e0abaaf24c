-- Events were once listed and counted per type and day from `events`; those queries read
-- `cluster_summaries` now (0008), and the linker reads the days it compares through
-- `events_linked_by_day` (0006). Nothing asks `events` by (type, date) any more, and
-- every stored event paid for keeping this index.
DROP INDEX IF EXISTS events_by_type_date;
