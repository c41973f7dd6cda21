//! Which devices have a location fix, as far as this session has read (the
//! fleet map, a device's latest fix, its track). A device row carries no
//! such field, so the devices list filters by it only where it is known.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use send_wrapper::SendWrapper;

/// One per signed-in tab (in the app's context); cleared on sign-out.
#[derive(Clone)]
pub struct KnownFixes(SendWrapper<Rc<RefCell<HashMap<String, bool>>>>);

impl Default for KnownFixes {
    fn default() -> Self {
        KnownFixes(SendWrapper::new(Rc::default()))
    }
}

impl KnownFixes {
    pub fn record(&self, device_id: &str, has_fix: bool) {
        self.0.borrow_mut().insert(device_id.to_string(), has_fix);
    }

    /// Devices whose fix is known, and whether each has one.
    pub fn snapshot(&self) -> HashMap<String, bool> {
        self.0.borrow().clone()
    }

    pub fn len(&self) -> usize {
        self.0.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn clear(&self) {
        self.0.borrow_mut().clear();
    }
}
