//! The typed policy model: a view with spans over the syntax tree.

mod build;
mod detect;
mod kind;
mod model;
mod operator;

pub use build::{ELEMENTS, STATEMENT_ELEMENTS, build};
pub use detect::{RCP_SERVICES, is_rcp_action};
pub use kind::PolicyType;
pub use model::{
    CondValue, Condition, ConditionBlock, ConditionEntry, Document, Policy, Principal, PrincipalEntry, PrincipalValue,
    Statement, Str, StrList, ValueKind,
};
pub use operator::{AbsentKey, BASE_OPERATORS, Operator, OperatorFamily, Qualifier};
