//! lingong-intake: the service that takes residents', employers' and outreach staff's
//! submissions. Not built yet: its issue depends on the generator (`lingong-site`), whose
//! content model and theme it will reuse.
