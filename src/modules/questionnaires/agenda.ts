// Calls for input: the programme team turns chosen answers (e.g. proposed topics for the next
// coordinators' meeting) into agenda items of an event's day, each presented by its recipient.
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import { z } from 'zod';
import { EventNode } from '../events/schema.js';
import { findDay, publishEventChange, requireManager } from '../events/service.js';
import { recordPayload } from '../payload.js';
import { allQuestions, type Section } from './definition.js';
import { QuestionnaireReturnNode } from './types.js';
import { requireTeam } from './service.js';

export interface ChosenAnswer {
  returnId: string;
  /** A TEXT or LONG_TEXT question, or `<group>.<sub-question>` with `row`. */
  questionKey: string;
  row?: number | null;
}

const TOPIC_MAX = 500;

/** The answer's text, from a submitted return; BAD_USER_INPUT names what is wrong. */
function chosenText(
  found: { status: string; answers: unknown; campaign: { version: { sections: unknown } } },
  chosen: ChosenAnswer,
  where: string,
): string {
  if (found.status !== 'SUBMITTED')
    throw new ConflictError(`${where}: the return is not submitted`);
  const [key, subKey] = chosen.questionKey.split('.');
  const question = allQuestions(found.campaign.version.sections as Section[]).find(
    (candidate) => candidate.key === key,
  );
  const answers = found.answers as Record<string, unknown>;
  let text: unknown;
  if (question?.type === 'GROUP' && subKey) {
    const rows = (answers[question.key] ?? []) as Record<string, unknown>[];
    const sub = question.subQuestions?.find((candidate) => candidate.key === subKey);
    if (sub && (sub.type === 'TEXT' || sub.type === 'LONG_TEXT'))
      text = rows[chosen.row ?? 0]?.[subKey];
    else throw new BadUserInputError(`${where}.questionKey: not a text question`);
  } else if (question && !subKey && (question.type === 'TEXT' || question.type === 'LONG_TEXT')) {
    text = answers[question.key];
  } else {
    throw new BadUserInputError(`${where}.questionKey: not a text question of the questionnaire`);
  }
  if (typeof text !== 'string' || !text.trim()) {
    throw new BadUserInputError(`${where}: the return has no answer there`);
  }
  const topic = text.trim();
  return topic.length > TOPIC_MAX ? `${topic.slice(0, TOPIC_MAX - 1)}…` : topic;
}

/** Appends one agenda item per chosen answer to the event's day, in the order given. */
export async function answersToAgenda(
  ctx: Context,
  input: { eventId: string; day: number; answers: ChosenAnswer[] },
) {
  const event = await requireManager(ctx, input.eventId);
  await ctx.prisma.$transaction(async (tx) => {
    const day = await findDay(tx, input.eventId, input.day);
    await tx.$queryRaw`SELECT 1 FROM event_day WHERE id = ${day.id}::uuid FOR UPDATE`;
    const last = await tx.agendaItem.aggregate({
      where: { dayId: day.id },
      _max: { position: true },
    });
    let position = (last._max.position ?? -1) + 1;
    for (const [index, chosen] of input.answers.entries()) {
      const where = `answers[${index}]`;
      const found = await tx.questionnaireReturn.findUnique({
        where: { id: chosen.returnId },
        include: {
          campaign: { include: { version: true } },
          municipality: { select: { name: true } },
          organization: { select: { name: true } },
        },
      });
      if (!found) throw new NotFoundError(`${where}: no questionnaire return has this ID`);
      requireTeam(ctx, found.campaign.programmeId);
      await tx.agendaItem.create({
        data: {
          dayId: day.id,
          position: position++,
          topic: chosenText(found, chosen, where),
          presenter: found.municipality?.name ?? found.organization?.name ?? null,
        },
      });
    }
  });
  publishEventChange(ctx, event);
  return ctx.prisma.event.findUniqueOrThrow({ where: { id: input.eventId } });
}

// --- Schema ----------------------------------------------------------------------------------

const ChosenAnswerInput = builder.inputType('ChosenQuestionnaireAnswerInput', {
  description: 'One text answer of a submitted return, to become an agenda item’s topic.',
  fields: (t) => ({
    returnId: t.globalID({
      required: true,
      for: QuestionnaireReturnNode,
      description: 'A SUBMITTED return of a campaign of the programme team.',
    }),
    questionKey: t.string({
      required: true,
      validate: z.string().max(130),
      description: 'A TEXT or LONG_TEXT question, or "<group>.<sub-question>" with `row`.',
    }),
    row: t.int({
      validate: z.number().int().min(0).max(100),
      description: 'A group’s row, from 0.',
    }),
  }),
});

const AddQuestionnaireAnswersToAgendaInput = builder.inputType(
  'AddQuestionnaireAnswersToAgendaInput',
  {
    description: 'Which answers go to which day of which event.',
    fields: (t) => ({
      eventId: t.globalID({
        required: true,
        for: EventNode,
        description: 'An event the viewer manages.',
      }),
      day: t.int({ required: true, description: 'The day’s number, 1 for the first.' }),
      answers: t.field({
        type: [ChosenAnswerInput],
        required: true,
        validate: z.array(z.unknown()).min(1).max(50),
        description: 'The answers, 1–50, appended in this order.',
      }),
    }),
  },
);

builder.mutationField('addQuestionnaireAnswersToAgenda', (t) =>
  t.field({
    type: recordPayload('AddQuestionnaireAnswersToAgendaPayload', 'event', EventNode),
    description:
      'The programme team (managing the event) appends chosen answers of submitted returns ' +
      'to a day’s agenda, each presented by its municipality or association; a topic longer ' +
      'than 500 characters is cut with "…". All or none are added; the event’s followers ' +
      '(e.g. dashboards) hear of the change. Refuses: NOT_FOUND (event, day, return), ' +
      'FORBIDDEN (not managing the event, or not the team of a return’s campaign), CONFLICT ' +
      'for a return ' +
      'not submitted, BAD_USER_INPUT for a key that is not a text question or an empty answer ' +
      '(the message names `answers[i]`).',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: AddQuestionnaireAnswersToAgendaInput,
        required: true,
        description: 'The event’s day and the answers.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      event: await answersToAgenda(ctx, {
        eventId: input.eventId.id,
        day: input.day,
        answers: input.answers.map((answer) => ({ ...answer, returnId: answer.returnId.id })),
      }),
    }),
  }),
);
