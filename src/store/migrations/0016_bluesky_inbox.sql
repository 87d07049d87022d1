-- Bluesky messages in the inbox: an answer to one must name its thread's root and the message itself
-- (`{"root": {"uri", "cid"}, "parent": {"uri", "cid"}}`), kept as the network gave them.
ALTER TABLE inbox_item ADD COLUMN reply_ref TEXT;
