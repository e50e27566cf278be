"""Full-text and trigram search of albums on PostgreSQL.

An album's vector holds its title (weight A) and its artists' names (B). Triggers keep it
current when the album's title, its credits or a credited artist's name change.
"""

from django.db import migrations

from django_musiclib.api.db import RunSQLOnPostgres

FORWARD = """
CREATE FUNCTION musiclib_album_vector(album_id bigint, title text) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('simple', unaccent(coalesce($2, ''))), 'A')
        || setweight(to_tsvector('simple', unaccent(coalesce((
            SELECT string_agg(a.name, ' ' ORDER BY c.position)
            FROM musiclib_albums_albumartist c
            JOIN musiclib_artists_artist a ON a.id = c.artist_id
            WHERE c.album_id = $1), ''))), 'B')
$$;

CREATE FUNCTION musiclib_album_set_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := musiclib_album_vector(NEW.id, NEW.title);
    RETURN NEW;
END $$;

CREATE TRIGGER musiclib_album_set_vector
    BEFORE INSERT OR UPDATE OF title ON musiclib_albums_album
    FOR EACH ROW EXECUTE FUNCTION musiclib_album_set_vector();

CREATE FUNCTION musiclib_album_credits_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE musiclib_albums_album al
    SET search_vector = musiclib_album_vector(al.id, al.title)
    WHERE al.id IN (SELECT album_id FROM changed);
    RETURN NULL;
END $$;

CREATE TRIGGER musiclib_album_credits_inserted
    AFTER INSERT ON musiclib_albums_albumartist REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION musiclib_album_credits_changed();
CREATE TRIGGER musiclib_album_credits_deleted
    AFTER DELETE ON musiclib_albums_albumartist REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION musiclib_album_credits_changed();
CREATE TRIGGER musiclib_album_credits_updated_to
    AFTER UPDATE ON musiclib_albums_albumartist REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION musiclib_album_credits_changed();
CREATE TRIGGER musiclib_album_credits_updated_from
    AFTER UPDATE ON musiclib_albums_albumartist REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION musiclib_album_credits_changed();

CREATE FUNCTION musiclib_album_artist_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE musiclib_albums_album al
    SET search_vector = musiclib_album_vector(al.id, al.title)
    WHERE al.id IN (
        SELECT c.album_id FROM musiclib_albums_albumartist c
        JOIN new_rows n ON n.id = c.artist_id
        JOIN old_rows o ON o.id = n.id
        WHERE n.name IS DISTINCT FROM o.name);
    RETURN NULL;
END $$;

CREATE TRIGGER musiclib_album_artist_renamed
    AFTER UPDATE ON musiclib_artists_artist
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION musiclib_album_artist_renamed();

UPDATE musiclib_albums_album SET search_vector = musiclib_album_vector(id, title);

CREATE INDEX musiclib_album_search_idx ON musiclib_albums_album USING gin (search_vector);
CREATE INDEX musiclib_album_title_trgm_idx ON musiclib_albums_album
    USING gin (title gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS musiclib_album_title_trgm_idx;
DROP INDEX IF EXISTS musiclib_album_search_idx;
DROP TRIGGER IF EXISTS musiclib_album_artist_renamed ON musiclib_artists_artist;
DROP FUNCTION IF EXISTS musiclib_album_artist_renamed();
DROP TRIGGER IF EXISTS musiclib_album_credits_inserted ON musiclib_albums_albumartist;
DROP TRIGGER IF EXISTS musiclib_album_credits_deleted ON musiclib_albums_albumartist;
DROP TRIGGER IF EXISTS musiclib_album_credits_updated_to ON musiclib_albums_albumartist;
DROP TRIGGER IF EXISTS musiclib_album_credits_updated_from ON musiclib_albums_albumartist;
DROP FUNCTION IF EXISTS musiclib_album_credits_changed();
DROP TRIGGER IF EXISTS musiclib_album_set_vector ON musiclib_albums_album;
DROP FUNCTION IF EXISTS musiclib_album_set_vector();
DROP FUNCTION IF EXISTS musiclib_album_vector(bigint, text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("musiclib_albums", "0001_initial"),
        ("musiclib_artists", "0002_search"),
    ]

    operations = [RunSQLOnPostgres(FORWARD, BACKWARD)]
