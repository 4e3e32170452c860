//! rizhi: a read-only terminal browser for plain-text engineering notebooks.
//!
//! Data flows one way: files → [`notebook`] (decode, parse) → [`store`] (entries,
//! links) → [`search`] (nucleo) → [`live`] (load, watch, rebuild in the
//! background) → [`tui`]. The [`cli`] reads the same store.
//! Parses are kept between runs by [`cache`] (the persistent index).
//! Both front ends start through [`config::Sources`] and warn through [`report`].
pub mod cache;
pub mod cli;
pub mod config;
pub mod live;
pub mod notebook;
pub mod report;
pub mod search;
pub mod store;
pub mod text;
pub mod tui;
