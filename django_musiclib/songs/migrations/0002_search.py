"""Full-text and trigram search of songs on PostgreSQL.

A song's vector holds its title (weight A), its artists' names (B) and its album's title
(C). Triggers keep it current when the song, its credits, a credited artist's name or its
album's title change, whatever writes them.
"""

from django.db import migrations

from django_musiclib.api.db import RunSQLOnPostgres

FORWARD = """
CREATE FUNCTION musiclib_song_vector(song_id bigint, title text, album_id bigint)
RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('simple', unaccent(coalesce($2, ''))), 'A')
        || setweight(to_tsvector('simple', unaccent(coalesce((
            SELECT string_agg(a.name, ' ' ORDER BY c.position)
            FROM musiclib_songs_songartist c
            JOIN musiclib_artists_artist a ON a.id = c.artist_id
            WHERE c.song_id = $1), ''))), 'B')
        || setweight(to_tsvector('simple', unaccent(coalesce((
            SELECT al.title FROM musiclib_albums_album al WHERE al.id = $3), ''))), 'C')
$$;

CREATE FUNCTION musiclib_song_set_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := musiclib_song_vector(NEW.id, NEW.title, NEW.album_id);
    RETURN NEW;
END $$;

CREATE TRIGGER musiclib_song_set_vector
    BEFORE INSERT OR UPDATE OF title, album_id ON musiclib_songs_song
    FOR EACH ROW EXECUTE FUNCTION musiclib_song_set_vector();

CREATE FUNCTION musiclib_song_credits_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE musiclib_songs_song s
    SET search_vector = musiclib_song_vector(s.id, s.title, s.album_id)
    WHERE s.id IN (SELECT song_id FROM changed);
    RETURN NULL;
END $$;

CREATE TRIGGER musiclib_song_credits_inserted
    AFTER INSERT ON musiclib_songs_songartist REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION musiclib_song_credits_changed();
CREATE TRIGGER musiclib_song_credits_deleted
    AFTER DELETE ON musiclib_songs_songartist REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION musiclib_song_credits_changed();
CREATE TRIGGER musiclib_song_credits_updated_to
    AFTER UPDATE ON musiclib_songs_songartist REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION musiclib_song_credits_changed();
CREATE TRIGGER musiclib_song_credits_updated_from
    AFTER UPDATE ON musiclib_songs_songartist REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION musiclib_song_credits_changed();

CREATE FUNCTION musiclib_song_artist_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE musiclib_songs_song s
    SET search_vector = musiclib_song_vector(s.id, s.title, s.album_id)
    WHERE s.id IN (
        SELECT c.song_id FROM musiclib_songs_songartist c
        JOIN new_rows n ON n.id = c.artist_id
        JOIN old_rows o ON o.id = n.id
        WHERE n.name IS DISTINCT FROM o.name);
    RETURN NULL;
END $$;

CREATE TRIGGER musiclib_song_artist_renamed
    AFTER UPDATE ON musiclib_artists_artist
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION musiclib_song_artist_renamed();

CREATE FUNCTION musiclib_song_album_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE musiclib_songs_song s
    SET search_vector = musiclib_song_vector(s.id, s.title, s.album_id)
    WHERE s.album_id IN (
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.title IS DISTINCT FROM o.title);
    RETURN NULL;
END $$;

CREATE TRIGGER musiclib_song_album_renamed
    AFTER UPDATE ON musiclib_albums_album
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION musiclib_song_album_renamed();

UPDATE musiclib_songs_song SET search_vector = musiclib_song_vector(id, title, album_id);

CREATE INDEX musiclib_song_search_idx ON musiclib_songs_song USING gin (search_vector);
CREATE INDEX musiclib_song_title_trgm_idx ON musiclib_songs_song
    USING gin (title gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS musiclib_song_title_trgm_idx;
DROP INDEX IF EXISTS musiclib_song_search_idx;
DROP TRIGGER IF EXISTS musiclib_song_album_renamed ON musiclib_albums_album;
DROP FUNCTION IF EXISTS musiclib_song_album_renamed();
DROP TRIGGER IF EXISTS musiclib_song_artist_renamed ON musiclib_artists_artist;
DROP FUNCTION IF EXISTS musiclib_song_artist_renamed();
DROP TRIGGER IF EXISTS musiclib_song_credits_inserted ON musiclib_songs_songartist;
DROP TRIGGER IF EXISTS musiclib_song_credits_deleted ON musiclib_songs_songartist;
DROP TRIGGER IF EXISTS musiclib_song_credits_updated_to ON musiclib_songs_songartist;
DROP TRIGGER IF EXISTS musiclib_song_credits_updated_from ON musiclib_songs_songartist;
DROP FUNCTION IF EXISTS musiclib_song_credits_changed();
DROP TRIGGER IF EXISTS musiclib_song_set_vector ON musiclib_songs_song;
DROP FUNCTION IF EXISTS musiclib_song_set_vector();
DROP FUNCTION IF EXISTS musiclib_song_vector(bigint, text, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("musiclib_songs", "0001_initial"),
        ("musiclib_albums", "0002_search"),
    ]

    operations = [RunSQLOnPostgres(FORWARD, BACKWARD)]
