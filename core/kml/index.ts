/**
 * KML territories (contract §6): the streaming checker, geometry helpers and parent assignment.
 * std.
 */
export type * from './types.ts';
export {
  createKmlReader,
  checkKmlText,
  checkKmlBytes,
  DEFAULT_MAX_VERTICES,
  DEFAULT_MAX_PLACEMARKS,
} from './kml-reader.ts';
export {
  ringBBox,
  ringCentroid,
  pointInRing,
  hasSelfIntersection,
  findSelfIntersection,
  type SelfIntersection,
} from './geometry.ts';
export { assignParents, type LeveledTerritory, type ParentAssignment } from './assign-parents.ts';
