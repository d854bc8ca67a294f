// Every domain module, imported for its side effects on the builder.
import './accounts/schema.js';
import './conclusions/schema.js';
import './events/schema.js';
import './audit/schema.js';
import './organizations/schema.js';
import './programmes/schema.js';
