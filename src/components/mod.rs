//! Presentational pieces shared by every page. They take plain data and
//! callbacks; none of them calls the API.

pub mod chart;
pub mod column_chooser;
pub mod connection;
pub mod crash;
pub mod data_table;
pub mod download;
pub mod draft;
pub mod field_list;
pub mod filter_chips;
pub mod form;
pub mod list_toolbar;
pub mod map;
pub mod menu;
pub mod modal;
pub mod page_head;
pub mod pager;
pub mod picker;
pub mod range_control;
pub mod rows_table;
pub mod status;
pub mod time_settings;
pub mod toast;
pub mod unsaved;
pub mod views_menu;
