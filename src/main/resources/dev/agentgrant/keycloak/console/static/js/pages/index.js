// The console's pages, in the order of the navigation. To add a page: write a module in this folder that exports a
// page object (see grants.js) and list it here. A page with a nav key appears in the navigation.
import grants from './grants.js';
import grant from './grant.js';
import provenance from './provenance.js';
import push from './push.js';
import agents from './agents.js';
import newAgent from './new-agent.js';
import agent from './agent.js';
import attestation from './attestation.js';
import { sourcePage, policyPage } from './component.js';

export const pages = [grants, grant, provenance, agents, newAgent, agent, attestation, sourcePage, policyPage, push];
