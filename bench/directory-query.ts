/**
 * The directory's nested read every benchmark uses: a programme -> its partner municipalities ->
 * their coordinators -> their diaspora office.
 */
export const partnersQuery = `query Partners($id: ID!, $first: Int) {
  node(id: $id) {
    ... on Programme {
      code
      partners(first: $first) {
        totalCount
        edges { node { cohort municipality {
          name
          coordinators(programmeId: $id) { role startsOn person { fullName jobTitle } }
          diasporaOffice { name phone email }
        } } }
      }
    }
  }
}`;
