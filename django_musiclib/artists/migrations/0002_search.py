"""Full-text and trigram search of artists on PostgreSQL: the vector is kept by a trigger.

Other databases skip this migration's SQL; search there is a plain case-insensitive match.
"""

from django.db import migrations

from django_musiclib.api.db import RunSQLOnPostgres

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION musiclib_artist_set_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := to_tsvector('simple', unaccent(NEW.name));
    RETURN NEW;
END $$;

CREATE TRIGGER musiclib_artist_set_vector
    BEFORE INSERT OR UPDATE OF name ON musiclib_artists_artist
    FOR EACH ROW EXECUTE FUNCTION musiclib_artist_set_vector();

UPDATE musiclib_artists_artist SET search_vector = to_tsvector('simple', unaccent(name));

CREATE INDEX musiclib_artist_search_idx ON musiclib_artists_artist USING gin (search_vector);
CREATE INDEX musiclib_artist_name_trgm_idx ON musiclib_artists_artist
    USING gin (name gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS musiclib_artist_name_trgm_idx;
DROP INDEX IF EXISTS musiclib_artist_search_idx;
DROP TRIGGER IF EXISTS musiclib_artist_set_vector ON musiclib_artists_artist;
DROP FUNCTION IF EXISTS musiclib_artist_set_vector();
"""


class Migration(migrations.Migration):
    dependencies = [("musiclib_artists", "0001_initial")]

    operations = [RunSQLOnPostgres(FORWARD, BACKWARD)]
