-- 0001: documents, events with their actors, actor mentions, quotes, places, ingest runs.
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    source TEXT,
    url TEXT,
    title TEXT,
    lang TEXT,
    pub_date DATE,
    text TEXT,
    n_chars INTEGER,
    ingested_at TIMESTAMP
);

CREATE TABLE events (
    event_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    type TEXT,
    mode TEXT,
    cameo TEXT,
    cameo_name TEXT,
    quad_class INTEGER,
    goldstein DOUBLE PRECISION,
    source_code TEXT,
    source_country TEXT,
    source_sector TEXT,
    source_name TEXT,
    target_code TEXT,
    target_country TEXT,
    target_sector TEXT,
    target_name TEXT,
    date DATE,
    date_precision TEXT,
    modality TEXT,
    confidence DOUBLE PRECISION,
    location_name TEXT,
    location_country TEXT,
    location_resolution TEXT,
    geonameid INTEGER,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    sentence TEXT,
    trigger_text TEXT,
    trigger_start INTEGER,
    trigger_end INTEGER,
    coder TEXT,
    lang TEXT,
    record TEXT
);

CREATE TABLE event_actors (
    event_id TEXT,
    side TEXT,
    position INTEGER,
    text TEXT,
    name TEXT,
    code TEXT,
    country TEXT,
    sector TEXT,
    kb_id TEXT,
    start_offset INTEGER,
    end_offset INTEGER,
    PRIMARY KEY (event_id, side, position)
);

CREATE TABLE actor_mentions (
    doc_id TEXT,
    position INTEGER,
    text TEXT,
    name TEXT,
    code TEXT,
    country TEXT,
    sector TEXT,
    role TEXT,
    kind TEXT,
    kb_id TEXT,
    start_offset INTEGER,
    end_offset INTEGER,
    PRIMARY KEY (doc_id, position)
);

CREATE TABLE quotes (
    doc_id TEXT,
    position INTEGER,
    text TEXT,
    speaker_name TEXT,
    speaker_code TEXT,
    start_offset INTEGER,
    end_offset INTEGER,
    PRIMARY KEY (doc_id, position)
);

CREATE TABLE places (
    doc_id TEXT,
    position INTEGER,
    text TEXT,
    name TEXT,
    country_code TEXT,
    resolution TEXT,
    geonameid INTEGER,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    start_offset INTEGER,
    end_offset INTEGER,
    PRIMARY KEY (doc_id, position)
);

CREATE TABLE ingest_runs (
    run_id TEXT PRIMARY KEY,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    n_seen INTEGER,
    n_added INTEGER,
    n_duplicate INTEGER,
    n_skipped INTEGER,
    skipped_json TEXT
);

CREATE INDEX idx_events_date ON events (date);
CREATE INDEX idx_events_dyad ON events (source_country, target_country);
CREATE INDEX idx_events_type ON events (type);
CREATE INDEX idx_events_doc ON events (doc_id);
