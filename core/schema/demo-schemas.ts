/**
 * The demo workspaces' schemas (contract §8): `Lead` for classic, `Account` and `Contact` for
 * flexible. std.
 */
import type { ObjectSchema } from './object-schema.ts';

const address = [
  { name: 'Address', type: 'text', maxLength: 200 },
  { name: 'City', type: 'text', maxLength: 80 },
  { name: 'State', type: 'text', maxLength: 80 },
  { name: 'Zip', type: 'text', maxLength: 20 },
  { name: 'Country', type: 'text', maxLength: 80 },
] as const;

export const leadSchema: ObjectSchema = {
  object: 'Lead',
  fields: [
    { name: 'Company', type: 'text', required: true, maxLength: 120 },
    { name: 'FirstName', type: 'text', maxLength: 80 },
    { name: 'LastName', type: 'text', maxLength: 80 },
    { name: 'Email', type: 'email' },
    { name: 'Phone', type: 'phone' },
    { name: 'Address', type: 'text', required: true, maxLength: 200 },
    ...address.slice(1),
    { name: 'Status', type: 'picklist', options: ['New', 'Contacted', 'Qualified', 'Lost'] },
    { name: 'Value', type: 'currency' },
    { name: 'FollowUp', type: 'date' },
    { name: 'ExternalLeadId', type: 'text', maxLength: 100 },
    { name: 'ExternalPinId', type: 'text', maxLength: 100 },
  ],
};

export const accountSchema: ObjectSchema = {
  object: 'Account',
  fields: [
    { name: 'Name', type: 'text', required: true, maxLength: 120 },
    {
      name: 'Industry',
      type: 'picklist',
      options: ['Retail', 'Healthcare', 'Manufacturing', 'Other'],
    },
    { name: 'Employees', type: 'integer' },
    { name: 'AnnualRevenue', type: 'currency' },
    { name: 'Website', type: 'url' },
    ...address,
    { name: 'Latitude', type: 'latitude' },
    { name: 'Longitude', type: 'longitude' },
    { name: 'ExternalDataObjectId', type: 'text', maxLength: 100 },
    { name: 'ExternalPinId', type: 'text', maxLength: 100 },
  ],
};

export const contactSchema: ObjectSchema = {
  object: 'Contact',
  fields: [
    { name: 'FirstName', type: 'text', required: true, maxLength: 80 },
    { name: 'LastName', type: 'text', required: true, maxLength: 80 },
    { name: 'Email', type: 'email' },
    { name: 'Phone', type: 'phone' },
    { name: 'Birthday', type: 'date' },
    { name: 'Subscribed', type: 'boolean' },
    { name: 'RelatedTo', type: 'text', relatedObject: 'Account' },
    { name: 'ExternalDataObjectId', type: 'text', maxLength: 100 },
  ],
};

/** Schemas by profile for the `--demo` workspaces. */
export const demoSchemas = {
  classic: [leadSchema],
  flexible: [accountSchema, contactSchema],
} as const;
