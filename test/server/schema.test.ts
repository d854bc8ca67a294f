import { readFileSync } from 'node:fs';
import { getNamedType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printSortedSchema, schema } from '../../src/schema.js';

describe('schema.graphql', () => {
  it('is the printed Pothos schema (run `npm run schema:print` after changing the schema)', () => {
    const checkedIn = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(printSortedSchema()).toBe(checkedIn);
  });

  it('names every connection <NodeType>Connection and its edges <NodeType>Edge, as API.md does', () => {
    const connections = Object.values(schema.getTypeMap()).filter(
      (type) => isObjectType(type) && 'pageInfo' in type.getFields() && 'edges' in type.getFields(),
    );
    expect(connections.length).toBeGreaterThan(10);
    const misnamed = connections.flatMap((connection) => {
      if (!isObjectType(connection)) return [];
      const edge = getNamedType(connection.getFields().edges!.type);
      if (!isObjectType(edge)) return [connection.name];
      const node = getNamedType(edge.getFields().node!.type).name;
      return connection.name === `${node}Connection` && edge.name === `${node}Edge`
        ? []
        : [`${connection.name} (edges ${edge.name} of ${node})`];
    });
    expect(misnamed).toEqual([]);
  });
});
