// Every domain module, imported for its side effects on the builder.
import './accounts/schema.js';
import './conclusions/schema.js';
import './events/schema.js';
import './audit/schema.js';
import './organizations/schema.js';
import './programmes/schema.js';
import './municipalities/schema.js';
import './directory/schema.js';
import './partnerships/schema.js';
import './people/schema.js';
import './memoranda/schema.js';
import './diaspora/schema.js';
import './ideas/schema.js';
import './assessment/schema.js';
import './funding/schema.js';
