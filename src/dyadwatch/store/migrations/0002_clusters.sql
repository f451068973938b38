-- 0002: event clusters (one real-world event reported by many articles) and document signatures.
-- BYTEA is PostgreSQL's binary type and a DuckDB alias of BLOB, so one file serves both backends.
-- No index on events.cluster_id: DuckDB rewrites an indexed column row by row (an UPDATE of 1M rows took
-- ~10 minutes with one, about a second without), and clustering updates it constantly.
ALTER TABLE events ADD COLUMN cluster_id TEXT;

CREATE TABLE event_clusters (
    cluster_id TEXT PRIMARY KEY,
    type TEXT,
    quad_class INTEGER,
    source_code TEXT,
    source_country TEXT,
    target_code TEXT,
    target_country TEXT,
    date_start DATE,
    date_end DATE,
    num_mentions INTEGER,
    num_sources INTEGER,
    num_articles INTEGER,
    best_event_id TEXT,
    goldstein DOUBLE PRECISION,
    updated_at TIMESTAMP
);

-- MinHash of each document's 5-word shingles (128 little-endian uint32) and the earliest document it copies.
CREATE TABLE doc_signatures (
    doc_id TEXT PRIMARY KEY,
    minhash BYTEA NOT NULL,
    near_dup_of TEXT
);

-- LSH index: one row per (document, band); documents sharing a bucket in any band are candidates.
CREATE TABLE doc_lsh (
    band INTEGER NOT NULL,
    bucket BIGINT NOT NULL,
    doc_id TEXT NOT NULL,
    PRIMARY KEY (band, bucket, doc_id)
);

-- Verified near-duplicate pairs, doc_id < other_doc_id.
CREATE TABLE doc_near_dups (
    doc_id TEXT NOT NULL,
    other_doc_id TEXT NOT NULL,
    similarity DOUBLE PRECISION,
    PRIMARY KEY (doc_id, other_doc_id)
);

CREATE INDEX idx_clusters_date ON event_clusters (date_start);
CREATE INDEX idx_near_dups_other ON doc_near_dups (other_doc_id);
