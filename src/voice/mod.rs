//! The voice of the library's posts: the brand-voice guide, the checks it drives, readability, and how
//! long a post is on each network.

pub mod entities;
pub mod networks;
