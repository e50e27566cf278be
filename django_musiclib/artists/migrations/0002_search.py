"""Full-text and typo-tolerant search of artists on PostgreSQL, kept by triggers.

``musiclib_artist_word`` holds every word that occurs in an artist's name, with a trigram
index: a misspelled word ("beatels") finds the words close to it ("beatles"), and those
find the artists through the full-text index. Words are added as names are written and
never removed; a word no name uses any more simply matches nothing.

Other databases skip this migration's SQL; search there is a plain case-insensitive match.
"""

from django.db import migrations

from django_musiclib.api.db import RunSQLOnPostgres

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE musiclib_artist_word (word text PRIMARY KEY);
CREATE INDEX musiclib_artist_word_trgm_idx ON musiclib_artist_word USING gin (word gin_trgm_ops);

CREATE FUNCTION musiclib_artist_set_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := to_tsvector('simple', unaccent(NEW.name));
    INSERT INTO musiclib_artist_word (word)
    SELECT unnest(tsvector_to_array(NEW.search_vector))
    ON CONFLICT DO NOTHING;
    RETURN NEW;
END $$;

CREATE TRIGGER musiclib_artist_set_vector
    BEFORE INSERT OR UPDATE OF name ON musiclib_artists_artist
    FOR EACH ROW EXECUTE FUNCTION musiclib_artist_set_vector();

UPDATE musiclib_artists_artist SET search_vector = to_tsvector('simple', unaccent(name));
INSERT INTO musiclib_artist_word (word)
SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM musiclib_artists_artist
ON CONFLICT DO NOTHING;

CREATE INDEX musiclib_artist_search_idx ON musiclib_artists_artist USING gin (search_vector);
CREATE INDEX musiclib_artist_name_trgm_idx ON musiclib_artists_artist
    USING gin (name gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS musiclib_artist_name_trgm_idx;
DROP INDEX IF EXISTS musiclib_artist_search_idx;
DROP TRIGGER IF EXISTS musiclib_artist_set_vector ON musiclib_artists_artist;
DROP FUNCTION IF EXISTS musiclib_artist_set_vector();
DROP TABLE IF EXISTS musiclib_artist_word;
"""


class Migration(migrations.Migration):
    dependencies = [("musiclib_artists", "0001_initial")]

    operations = [RunSQLOnPostgres(FORWARD, BACKWARD)]
