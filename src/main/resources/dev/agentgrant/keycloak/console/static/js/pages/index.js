// The console's pages, in the order of the navigation. To add a page: write a module in this folder that exports a
// page object (see grants.js) and list it here. A page with a nav key appears in the navigation.
import grants from './grants.js';
import grant from './grant.js';
import provenance from './provenance.js';

export const pages = [grants, grant, provenance];
