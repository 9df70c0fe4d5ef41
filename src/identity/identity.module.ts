import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { IdentityMiddleware } from './identity.middleware';

/** Sets `request.user` on every request; swap this module for real authentication. */
@Module({
  imports: [UsersModule],
})
export class IdentityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(IdentityMiddleware).forRoutes('{*path}');
  }
}
