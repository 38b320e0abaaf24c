-- How far each provision of a regime's agreements has been carried out, as analysts
-- record it (0 not begun, 1 minimal, 2 intermediate, 3 full). Every change is a new row
-- with its evidence, who made it and when; nothing is overwritten, so the history of a
-- provision is its rows in order. Regimes are data files, so the regime, agreement and
-- provision are their ids there.
CREATE TABLE provision_status (
    id          INTEGER PRIMARY KEY,
    regime      TEXT NOT NULL,
    agreement   TEXT NOT NULL,
    provision   TEXT NOT NULL,
    level       INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),
    date        TEXT NOT NULL,          -- ISO date from which the status holds
    evidence    TEXT NOT NULL DEFAULT '[]',  -- JSON list of {kind, id}
    analyst     TEXT NOT NULL,
    note        TEXT,
    recorded_at TEXT NOT NULL
);
CREATE INDEX provision_status_by_regime ON provision_status (regime, id);
