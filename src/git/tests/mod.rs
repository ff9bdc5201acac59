mod base;
mod commit;
mod errors;
mod support;
