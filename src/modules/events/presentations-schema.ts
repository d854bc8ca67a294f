// Who presented what at an event: the Presentation type, and adding and removing them.
import { builder } from '../../builder.js';
import { optionalText, requiredText } from '../directory/validation.js';
import { ProjectIdeaNode } from '../ideas/schema.js';
import { OrganizationNode } from '../organizations/schema.js';
import { PersonNode } from '../people/schema.js';
import { recordPayload } from '../payload.js';
import { canReadEventById } from './access.js';
import { addPresentation, removePresentation } from './presentations.js';
import { EventNode } from './schema.js';

const PresentationNode = builder.prismaNode('Presentation', {
  id: { field: 'id' },
  nullable: true,
  description: 'Who presented what at an event, and the support behind it.',
  // As readable as the event it belongs to.
  authScopes: (presentation, ctx) => canReadEventById(ctx, presentation.eventId),
  fields: (t) => ({
    title: t.exposeString('title', { description: 'What was presented.' }),
    summary: t.exposeString('summary', {
      nullable: true,
      description: 'A short account of it; null when none.',
    }),
    supportedBy: t.exposeString('supportedBy', {
      nullable: true,
      description: 'E.g. the public call that funded the presented project.',
    }),
    day: t.relation('day', {
      nullable: true,
      description: 'The day it was given; null when not known.',
    }),
    organization: t.relation('organization', {
      nullable: true,
      description: 'The presenting organisation; null when a person presented on their own.',
    }),
    person: t.relation('person', {
      nullable: true,
      description: 'The presenter; null when an organisation presented without naming one.',
    }),
    projectIdea: t.relation('projectIdea', {
      nullable: true,
      description: 'The presented project, when it is one of the network’s project ideas.',
    }),
    event: t.relation('event', { description: 'The event it was given at.' }),
  }),
});

const AddPresentationInput = builder.inputType('AddPresentationInput', {
  description: 'A presentation at an event, by an organisation, a person or both.',
  fields: (t) => ({
    eventId: t.globalID({
      required: true,
      for: EventNode,
      description: 'The event it is given at.',
    }),
    day: t.int({ description: 'The day’s number, when known.' }),
    title: t.string({
      required: true,
      validate: requiredText(500),
      description: 'What is presented: not blank, 500 characters at most.',
    }),
    summary: t.string({
      validate: optionalText(5000),
      description: 'A short account; 5,000 characters at most.',
    }),
    organizationId: t.globalID({
      for: OrganizationNode,
      description: 'The presenting organisation; give it, `personId` or both.',
    }),
    personId: t.globalID({
      for: PersonNode,
      description: 'The presenter; give it, `organizationId` or both.',
    }),
    supportedBy: t.string({
      validate: optionalText(500),
      description:
        'The support behind the presented project, e.g. a named public call; 500 ' +
        'characters at most.',
    }),
    projectIdeaId: t.globalID({
      for: ProjectIdeaNode,
      description:
        'The presented project, when it is one of the network’s project ideas (one the viewer ' +
        'may see: NOT_FOUND otherwise).',
    }),
  }),
});

const AddPresentationPayload = recordPayload(
  'AddPresentationPayload',
  'presentation',
  PresentationNode,
);

builder.mutationField('addPresentation', (t) =>
  t.field({
    type: AddPresentationPayload,
    description:
      'The event’s hosts and programme administrators add a presentation. BAD_USER_INPUT ' +
      'without an organisation or a person; NOT_FOUND for an unknown event, day or project ' +
      'idea; FORBIDDEN for others.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: AddPresentationInput,
        required: true,
        description: 'The presentation.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      presentation: await addPresentation(ctx, {
        ...input,
        eventId: input.eventId.id,
        organizationId: input.organizationId?.id,
        personId: input.personId?.id,
        projectIdeaId: input.projectIdeaId?.id,
      }),
    }),
  }),
);

const RemovePresentationInput = builder.inputType('RemovePresentationInput', {
  description: 'The presentation to take off its event.',
  fields: (t) => ({
    presentationId: t.globalID({
      required: true,
      for: PresentationNode,
      description: 'The presentation.',
    }),
  }),
});

const RemovePresentationPayload = recordPayload('RemovePresentationPayload', 'event', EventNode);

builder.mutationField('removePresentation', (t) =>
  t.field({
    type: RemovePresentationPayload,
    description:
      'The event’s hosts and programme administrators take a presentation off the event, ' +
      'which it returns. NOT_FOUND for an unknown presentation; FORBIDDEN for others.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: RemovePresentationInput,
        required: true,
        description: 'Which presentation.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      event: await removePresentation(ctx, input.presentationId.id),
    }),
  }),
);
