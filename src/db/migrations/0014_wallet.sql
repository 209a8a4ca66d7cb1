-- The wallet (issue 10): credentials picked up with OpenID4VCI, and asked for with OpenID4VP.

-- A credential offer of one instelling to one learner: the pre-authorized code (served again at the offer's
-- `credential_offer_uri` while the offer is open), the transaction code delivered apart from it, how often a
-- wrong one was tried, and its state. `open`
-- until a token is issued for it (`redeemed`, once: the code is single use), it is `withdrawn`, or too many
-- wrong transaction codes `burned` it. The access token of a redeemed offer is kept as its SHA-256 too.
CREATE TABLE credential_offer (
  id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL REFERENCES institution (id),
  learner_id TEXT NOT NULL REFERENCES learner (id),
  format TEXT NOT NULL CHECK (format IN ('ldp_vc', 'jwt_vc_json')),
  pre_authorized_code TEXT NOT NULL UNIQUE,
  tx_code TEXT NOT NULL,
  tx_code_failures INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('open', 'redeemed', 'withdrawn', 'burned')),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  closed_at TEXT,
  access_token_hash TEXT UNIQUE,
  access_token_expires_at TEXT
);
CREATE INDEX credential_offer_by_learner ON credential_offer (learner_id);

-- One credential of an offer: the stored credential it copies, and the credential configuration it is
-- picked up as. Its id is the `credential_identifier` the token response names it by.
CREATE TABLE credential_offer_item (
  id TEXT PRIMARY KEY,
  offer_id TEXT NOT NULL REFERENCES credential_offer (id),
  position INTEGER NOT NULL,
  source_credential_id TEXT NOT NULL REFERENCES credential (id),
  configuration_id TEXT NOT NULL,
  UNIQUE (offer_id, source_credential_id)
);

-- A pickup: the new, holder-bound credential an offered one became, at most one per offered credential
-- (the primary key is what makes a second, racing pickup roll back), bound to the DID whose key the
-- wallet proved.
CREATE TABLE credential_pickup (
  offer_item_id TEXT PRIMARY KEY REFERENCES credential_offer_item (id),
  credential_id TEXT NOT NULL UNIQUE REFERENCES credential (id),
  source_credential_id TEXT NOT NULL REFERENCES credential (id),
  holder_did TEXT NOT NULL,
  picked_up_at TEXT NOT NULL
);
CREATE INDEX credential_pickup_by_holder ON credential_pickup (holder_did);

-- A `c_nonce` of an instelling's credential issuer: a key proof names one, used once, until it expires.
CREATE TABLE wallet_nonce (
  nonce TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL REFERENCES institution (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  used_by TEXT
);

-- An OpenID4VP request of an instelling for the learner of one of its routes. Its challenge (the nonce),
-- expiry and single answer are those of the presentation request it is (same id); here what OpenID4VP
-- adds: the `state`, the client id and response URI, the DCQL query and the signed request object.
CREATE TABLE vp_request (
  id TEXT PRIMARY KEY REFERENCES presentation_request (id),
  route_id TEXT NOT NULL REFERENCES route (id),
  state TEXT NOT NULL UNIQUE,
  client_id TEXT NOT NULL,
  response_uri TEXT NOT NULL,
  dcql_query TEXT NOT NULL,
  request_object TEXT NOT NULL
);
CREATE INDEX vp_request_by_route ON vp_request (route_id);
