-- What people did with each published post, as its network last counted: replies (conversations),
-- boosts or reposts, favourites or likes, and when they were counted.
ALTER TABLE publication ADD COLUMN replies INTEGER;
ALTER TABLE publication ADD COLUMN boosts INTEGER;
ALTER TABLE publication ADD COLUMN favourites INTEGER;
ALTER TABLE publication ADD COLUMN counted_at TEXT;
