-- How many times the acts have changed: every batch that adds events to acts or moves
-- them counts one more, in the transaction that changes them. A reader that keeps acts in
-- memory (the server's index for the timeline and the map) compares this with what it
-- read instead of counting every act's summary on every request, which on the 4.4 million
-- acts of a million reports read some 100 MB of index per request.
CREATE TABLE acts_changes (n INTEGER NOT NULL);
INSERT INTO acts_changes (n) VALUES (0);
