//! rizhi: a read-only terminal browser for plain-text engineering notebooks.
//!
//! Data flows one way: files → [`notebook`] (decode, parse) → [`store`] (entries,
//! links) → [`search`] (nucleo) → [`tui`]. The [`cli`] reads the same store.
pub mod analysis;
pub mod cli;
pub mod config;
pub mod load;
pub mod notebook;
pub mod search;
pub mod store;
pub mod text;
pub mod tui;
pub mod watch;
