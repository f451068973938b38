-- 0003: joint and reciprocal events ("A and B held talks", "joint exercises with B") are coded once,
-- with the first-named party as source, and flagged: directed queries count them both ways.
ALTER TABLE events ADD COLUMN mutual BOOLEAN DEFAULT FALSE;
ALTER TABLE event_clusters ADD COLUMN mutual BOOLEAN DEFAULT FALSE;
