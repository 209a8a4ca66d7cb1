/** Presentations: verifying a holder's VerifiablePresentation and the credentials in it. */
export { presentationRoutes } from './routes.js';
