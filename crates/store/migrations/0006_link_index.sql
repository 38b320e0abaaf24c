-- Linking compares a new report's event with the events of the latest reports of the
-- same type, modality and day. An index in that order over linked events lets the query
-- stop after those latest few, so its cost stays flat as the store grows instead of
-- reading every event of the day.
CREATE INDEX events_linked_by_day ON events (type, modality, date, doc) WHERE cluster IS NOT NULL;
